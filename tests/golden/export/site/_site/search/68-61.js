tkShard("68-61",[
["has",3,"a","A <b>bold</b> & [[link]] {{tpl}} | pipe","en",""],
["has",3,"top","Top","en",""]
]);
