tkShard("5f-75",[
["_underscores_",3,"a","A <b>bold</b> & [[link]] {{tpl}} | pipe","en",""]
]);
