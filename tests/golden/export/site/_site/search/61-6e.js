tkShard("61-6e",[
["and",3,"a","A <b>bold</b> & [[link]] {{tpl}} | pipe","en",""]
]);
