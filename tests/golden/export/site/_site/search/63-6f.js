tkShard("63-6f",[
["code",3,"a","A <b>bold</b> & [[link]] {{tpl}} | pipe","en",""],
["con again",0,"_/con_-9f4836c1","Con again","en",""],
["con",0,"_/CON_-82ddcd97","con","en",""],
["concept",3,"top","Top","en",""]
]);
